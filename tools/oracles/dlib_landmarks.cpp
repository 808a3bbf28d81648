// Reference oracle for FerEdge's managed landmark code, built from Debian's libdlib-dev by tools/setup.sh.
//
//   dlib_landmarks fit    MODEL LIST [REPEAT]   LIST lines: "image left top right bottom" (dlib inclusive box)
//   dlib_landmarks detect MODEL LIST [REPEAT]   LIST lines: "image"; HOG detector, then the shape predictor
//
// Output on stdout, one line per face: "image left top right bottom x0 y0 ... x67 y67" with the unrounded
// landmark coordinates (dlib's public API rounds them; rounding these reproduces its integers). With REPEAT > 0 the
// images are loaded first and the timed work (the public shape_predictor call, or detection plus prediction) is
// repeated REPEAT times; the mean is printed on stderr as "# us_per_face N" or "# us_per_image N".
#include <dlib/image_io.h>
#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

// The pieces of dlib::shape_predictor, read in the order its deserialize() reads them, so the cascade can run
// through dlib's own internals while keeping the float shape.
struct Cascade {
    dlib::matrix<float, 0, 1> initial_shape;
    std::vector<std::vector<dlib::impl::regression_tree>> forests;
    std::vector<std::vector<unsigned long>> anchor_idx;
    std::vector<std::vector<dlib::vector<float, 2>>> deltas;
};

Cascade read_cascade(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open model " + path);
    int version = 0;
    Cascade c;
    dlib::deserialize(version, in);
    if (version != 1) throw std::runtime_error("unexpected shape_predictor version in " + path);
    dlib::deserialize(c.initial_shape, in);
    dlib::deserialize(c.forests, in);
    dlib::deserialize(c.anchor_idx, in);
    dlib::deserialize(c.deltas, in);
    return c;
}

template <typename Image>
std::vector<double> fit_float(const Cascade& c, const Image& img, const dlib::rectangle& rect) {
    using namespace dlib::impl;
    dlib::matrix<float, 0, 1> shape = c.initial_shape;
    std::vector<float> pixels;
    for (unsigned long iter = 0; iter < c.forests.size(); ++iter) {
        extract_feature_pixel_values(img, rect, shape, c.initial_shape, c.anchor_idx[iter], c.deltas[iter], pixels);
        unsigned long leaf = 0;
        for (const auto& tree : c.forests[iter]) shape += tree(pixels, leaf);
    }
    const dlib::point_transform_affine to_img = unnormalizing_tform(rect);
    std::vector<double> out;
    out.reserve(shape.size());
    for (long i = 0; i < shape.size() / 2; ++i) {
        const dlib::vector<double, 2> p = to_img(dlib::vector<double, 2>(shape(2 * i), shape(2 * i + 1)));
        out.push_back(p.x());
        out.push_back(p.y());
    }
    return out;
}

void print_face(const std::string& image, const dlib::rectangle& r, const std::vector<double>& pts) {
    std::printf("%s %ld %ld %ld %ld", image.c_str(), r.left(), r.top(), r.right(), r.bottom());
    for (double v : pts) std::printf(" %.6f", v);
    std::printf("\n");
}

using Clock = std::chrono::steady_clock;

// The model twice: as the cascade pieces (for the float fit) and as dlib's public shape_predictor (for timing).
struct Predictor {
    Cascade cascade;
    dlib::shape_predictor sp;
};

Predictor load_predictor(const std::string& model) {
    Predictor p{read_cascade(model), {}};
    dlib::deserialize(model) >> p.sp;
    return p;
}

// The non-empty lines of a list file.
std::vector<std::string> read_list(const std::string& list) {
    std::ifstream in(list);
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) lines.push_back(line);
    return lines;
}

int run_fit(const std::string& model, const std::string& list, int repeat) {
    const Predictor predictor = load_predictor(model);
    const Cascade& cascade = predictor.cascade;
    const dlib::shape_predictor& sp = predictor.sp;
    struct Job { std::string path; dlib::rectangle rect; };
    std::vector<Job> jobs;
    std::vector<dlib::array2d<unsigned char>> images;
    for (const std::string& line : read_list(list)) {
        std::istringstream ss(line);
        Job j; long l, t, r, b;
        if (!(ss >> j.path >> l >> t >> r >> b)) throw std::runtime_error("bad list line: " + line);
        j.rect = dlib::rectangle(l, t, r, b);
        jobs.push_back(j);
        images.emplace_back();
        dlib::load_image(images.back(), j.path);
    }
    for (size_t i = 0; i < jobs.size(); ++i) print_face(jobs[i].path, jobs[i].rect, fit_float(cascade, images[i], jobs[i].rect));
    if (repeat > 0 && !jobs.empty()) {
        long checksum = 0;
        const auto start = Clock::now();
        for (int k = 0; k < repeat; ++k)
            for (size_t i = 0; i < jobs.size(); ++i) checksum += sp(images[i], jobs[i].rect).part(30).x();
        const double us = std::chrono::duration<double, std::micro>(Clock::now() - start).count();
        std::fprintf(stderr, "# us_per_face %.3f (faces %zu, repeat %d, checksum %ld)\n", us / (repeat * jobs.size()), jobs.size(), repeat, checksum);
    }
    return 0;
}

int run_detect(const std::string& model, const std::string& list, int repeat) {
    const Predictor predictor = load_predictor(model);
    const Cascade& cascade = predictor.cascade;
    const dlib::shape_predictor& sp = predictor.sp;
    dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
    std::vector<std::string> paths;
    std::vector<dlib::array2d<unsigned char>> images;
    for (const std::string& line : read_list(list)) {
        std::istringstream ss(line);
        std::string p;
        ss >> p;
        paths.push_back(p);
        images.emplace_back();
        dlib::load_image(images.back(), p);
    }
    for (size_t i = 0; i < paths.size(); ++i)
        for (const auto& r : detector(images[i])) print_face(paths[i], r, fit_float(cascade, images[i], r));
    if (repeat > 0 && !paths.empty()) {
        long checksum = 0;
        const auto start = Clock::now();
        for (int k = 0; k < repeat; ++k)
            for (size_t i = 0; i < paths.size(); ++i)
                for (const auto& r : detector(images[i])) checksum += sp(images[i], r).part(30).x();
        const double us = std::chrono::duration<double, std::micro>(Clock::now() - start).count();
        std::fprintf(stderr, "# us_per_image %.3f (images %zu, repeat %d, checksum %ld)\n", us / (repeat * paths.size()), paths.size(), repeat, checksum);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s fit|detect MODEL LIST [REPEAT]\n", argv[0]);
        return 2;
    }
    const std::string mode = argv[1];
    const int repeat = argc > 4 ? std::atoi(argv[4]) : 0;
    try {
        if (mode == "fit") return run_fit(argv[2], argv[3], repeat);
        if (mode == "detect") return run_detect(argv[2], argv[3], repeat);
        std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "dlib_landmarks: %s\n", e.what());
        return 1;
    }
}
