// Per-frame reference pipeline with dlib: HOG face detection and the 68-point shape predictor on every frame, the
// way a dlib-based emotion front end works without tracking. dlib cannot decode video, so frames arrive as raw 8-bit
// gray (ffmpeg -f rawvideo -pix_fmt gray), from a file or from stdin piped from ffmpeg. Built by tools/setup.sh.
//
//   dlib_pipeline MODEL WIDTH HEIGHT RAW|- [preload]
//
// stream  (default): frames are processed as they are read; the clock runs from start to the last frame, so with
//                    ffmpeg piping into stdin on the same core, decoding is counted.
// preload          : every frame is read into memory first, then the clock covers detection + prediction only.
//
// Prints one line on stdout: "dlib_pipeline mode M frames N faces F seconds S fps X" (X = N / S).
#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Reference {
    dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
    dlib::shape_predictor predictor;
    long faces = 0;
    double checksum = 0;  // keeps the optimiser from dropping the work

    void process(const dlib::array2d<unsigned char>& img) {
        const std::vector<dlib::rectangle> found = detector(img);
        for (const auto& r : found) {
            const dlib::full_object_detection shape = predictor(img, r);
            checksum += shape.part(30).x();
            ++faces;
        }
    }
};

bool read_frame(std::istream& in, dlib::array2d<unsigned char>& img, long width, long height) {
    img.set_size(height, width);
    in.read(reinterpret_cast<char*>(dlib::image_data(img)), width * height);
    return in.gcount() == width * height;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5 || argc > 6) {
        std::cerr << "usage: dlib_pipeline MODEL WIDTH HEIGHT RAW|- [preload]\n";
        return 2;
    }

    try {
        const std::string model = argv[1];
        const long width = std::stol(argv[2]);
        const long height = std::stol(argv[3]);
        const std::string raw = argv[4];
        const bool preload = argc == 6 && std::string(argv[5]) == "preload";
        if (width <= 0 || height <= 0) throw std::runtime_error("WIDTH and HEIGHT must be positive");
        if (argc == 6 && !preload) throw std::runtime_error(std::string("unknown mode ") + argv[5] + " (expected preload)");

        Reference ref;
        dlib::deserialize(model) >> ref.predictor;

        std::unique_ptr<std::ifstream> file;
        std::istream* in = &std::cin;
        if (raw != "-") {
            file = std::make_unique<std::ifstream>(raw, std::ios::binary);
            if (!*file) throw std::runtime_error("cannot open " + raw);
            in = file.get();
        }

        long frames = 0;
        Clock::time_point start;
        if (preload) {
            std::vector<dlib::array2d<unsigned char>> all;
            for (;;) {
                all.emplace_back();
                if (!read_frame(*in, all.back(), width, height)) { all.pop_back(); break; }
            }
            start = Clock::now();
            for (const auto& img : all) { ref.process(img); ++frames; }
        } else {
            dlib::array2d<unsigned char> img;
            start = Clock::now();
            while (read_frame(*in, img, width, height)) { ref.process(img); ++frames; }
        }

        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        if (frames == 0) throw std::runtime_error("no complete " + std::to_string(width) + "x" + std::to_string(height) + " frame in " + raw);
        std::printf("dlib_pipeline mode %s frames %ld faces %ld seconds %.4f fps %.2f\n",
                    preload ? "preload" : "stream", frames, ref.faces, seconds, frames / seconds);
        std::fprintf(stderr, "# checksum %.3f\n", ref.checksum);
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "dlib_pipeline: " << e.what() << "\n";
        return 1;
    }
}
